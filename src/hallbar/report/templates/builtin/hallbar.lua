-- hallbar's pandoc filter for the built-in renderer: makes plain pandoc render
-- the Quarto book's chapters the way Quarto does, for html5, typst and docx.
--  * images: `fig-alt` becomes the alt text (HTML, docx: the picture's description) / typst image alt
--  * links between chapters: x.qmd#id or x.ipynb#id -> x.html#id (HTML), internal <id> (typst, docx)
--  * `.content-visible` / `.content-hidden` with when-format, as in Quarto
--  * figures (HTML): the image sits in a focusable, named scroll region (on a phone it keeps a legible
--    width and scrolls), the caption links to the figure's file at full size
--  * typst: status badges and notices get their colours and boxes
--  * tables: tables.lua, which runs before this filter
--  * a link to an anchor the report does not have (a notebook that leaves a target out) becomes its text

local is_html = FORMAT:match("html") ~= nil
local is_typst = FORMAT:match("typst") ~= nil
local colours = {}
local anchors = {}  -- every identifier of the report: this document's, and (HTML) the other pages' (metadata)

local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function format_matches(wanted)
  if wanted == nil then return true end
  if wanted == "html" then return is_html end
  if wanted == "typst" or wanted == "pdf" then return is_typst end
  return FORMAT:match(wanted) ~= nil
end

local function collect(doc)
  local function note(el)
    if el.identifier and el.identifier ~= "" then anchors[el.identifier] = true end
  end
  doc:walk({ Header = note, Div = note, Span = note, Figure = note, Image = note, Table = note, CodeBlock = note, Link = note })
  return nil
end

function Meta(meta)
  if meta["hallbar-anchors"] then
    for _, a in ipairs(meta["hallbar-anchors"]) do anchors[pandoc.utils.stringify(a)] = true end
  end
  if meta["status-colours"] then
    for code, pair in pairs(meta["status-colours"]) do
      colours[code] = { pandoc.utils.stringify(pair.bg), pandoc.utils.stringify(pair.fg) }
    end
  end
end

local function image(img)
  local alt = img.attributes["fig-alt"]
  img.attributes["fig-alt"] = nil
  if is_typst then
    -- hallbar-image (report.typ): page width, but never taller than the page
    local args = typst_string(img.src) .. ", alt: " .. typst_string(alt or pandoc.utils.stringify(img.caption))
    return pandoc.RawInline("typst", "#hallbar-image(" .. args .. ")")
  end
  if alt then img.caption = pandoc.Inlines(alt) end  -- HTML's alt, docx's picture description
  return img
end

local function link(el)
  local page, frag = el.target:match("^([%w_%-]+)%.qmd(#?.*)$")
  if not page then page, frag = el.target:match("^([%w_%-]+)%.ipynb(#?.*)$") end
  if not page and el.target:sub(1, 1) == "#" then frag = el.target end
  if frag and frag ~= "" and next(anchors) ~= nil and not anchors[frag:sub(2)] then
    return el.content  -- the report has no such place: the words stay, the link goes
  end
  if page then
    if not is_html then  -- one document: a link to another chapter is a link within it
      el.target = frag ~= "" and frag or "#"
    else
      el.target = page .. ".html" .. frag
    end
  end
  return el
end

local function div(el)
  if el.classes:includes("content-visible") and not format_matches(el.attributes["when-format"]) then
    return {}
  end
  if el.classes:includes("content-hidden") and format_matches(el.attributes["when-format"]) then
    return {}
  end
  if is_typst then
    local box
    if el.classes:includes("exempeldata") then
      box = '#block(width: 100%, fill: rgb("#fff4e5"), stroke: (left: 3pt + rgb("#b35900")), inset: 8pt)['
    elseif el.classes:includes("platshallare") then
      box = '#block(width: 100%, fill: rgb("#fdf1f1"), stroke: 1pt + rgb("#8a1c1c"), inset: 8pt)['
    end
    if box then
      local out = { pandoc.RawBlock("typst", box) }
      for _, b in ipairs(el.content) do table.insert(out, b) end
      table.insert(out, pandoc.RawBlock("typst", "]"))
      return out
    end
  end
  return el
end

local function span(el)
  if is_typst and el.classes:includes("status") then
    for _, cls in ipairs(el.classes) do
      local code = cls:match("^s%-(.+)$")
      local c = code and colours[code:gsub("%-", "_")]
      if c then
        -- never hyphenated, and the symbol stays with the first word ("◆ Osäkert")
        local out = { pandoc.RawInline("typst", '#box(fill: rgb("' .. c[1] .. '"), inset: (x: 3pt), outset: (y: 2pt), radius: 2pt)[#text(fill: rgb("' .. c[2] .. '"), weight: "bold", hyphenate: false)[') }
        for k, i in ipairs(el.content) do
          if k == 2 and i.t == "Space" and el.content[1].t == "Str" and utf8.len(el.content[1].text) == 1 then
            i = pandoc.Str("\u{a0}")
          end
          table.insert(out, i)
        end
        table.insert(out, pandoc.RawInline("typst", "]]"))
        return out
      end
    end
  end
  return el
end


-- a figure: on a phone the image keeps a legible width (report.css) inside a scroll region that the
-- keyboard reaches and a screen reader names; the caption links to the image file at full size
local function figure(fig)
  if not is_html then return fig end
  local src
  fig.content:walk({ Image = function(img) src = src or img.src end })
  if not src then return fig end
  local name = pandoc.utils.stringify(fig.caption.long or {})
  local region = "Figur"
  if name ~= "" then region = "Figur: " .. name end
  fig.content = { pandoc.Div(fig.content, pandoc.Attr("", { "figure-scroll" },
    { { "role", "region" }, { "tabindex", "0" }, { "aria-label", region } })) }
  local extra = { pandoc.Span({
    pandoc.Span({ pandoc.Str("Figuren är bredare än skärmen: rulla i sidled.") }, pandoc.Attr("", { "figure-hint" })),
    pandoc.Space(),
    pandoc.Link({ pandoc.Str("Öppna figuren i full storlek") }, src, "", pandoc.Attr("", { "figure-full" })),
  }, pandoc.Attr("", { "figure-tools" })) }
  local long = fig.caption.long or pandoc.Blocks({})
  if #long > 0 and (long[#long].t == "Plain" or long[#long].t == "Para") then
    long[#long].content:insert(pandoc.Space())
    long[#long].content:extend(extra)
  else
    long:insert(pandoc.Plain(extra))
  end
  fig.caption.long = long
  return fig
end

-- typst: a paragraph of up to about eight lines is kept on one page (report.typ's hallbar-keep), so a
-- short text is never parted by a page break, nor by a figure floating at the page's foot or head
-- A figure floats (report.typ: placement auto), to the head of a page too, which on a chapter's first
-- page is above the chapter's heading. So a figure after little of a chapter's text (it surely fits below
-- it) stays where it stands, and one within about the first page's worth floats to the foot of a page only.
local KEEP_CHARS = 700  -- about 85 characters a line at 10 pt over 17 cm
local IN_PLACE_CHARS, FIRST_PAGE_CHARS = 1200, 3000
local since_chapter = math.huge
local after_heading = false  -- the block before was a heading (a Div around cells does not count)
local function keep_paragraphs(blocks)
  local out = {}
  for _, b in ipairs(blocks) do
    if b.t == "Header" and b.level == 1 then since_chapter = 0 end
    if b.t == "Para" and utf8.len(pandoc.utils.stringify(b)) <= KEEP_CHARS then
      table.insert(out, pandoc.RawBlock("typst", "#hallbar-keep["))
      table.insert(out, b)
      table.insert(out, pandoc.RawBlock("typst", "]"))
    elseif b.t == "Figure" and (after_heading or since_chapter < FIRST_PAGE_CHARS) then
      -- right under its heading, a figure stays there (the heading moves with it): floating, it could land
      -- above its heading or pages later, under another section's heading
      local placement = (after_heading or since_chapter < IN_PLACE_CHARS) and "none" or "bottom"
      table.insert(out, pandoc.RawBlock("typst", "#[#show figure: set figure(placement: " .. placement .. ")"))
      table.insert(out, b)
      table.insert(out, pandoc.RawBlock("typst", "]"))
    else
      if b.t == "Div" then b.content = keep_paragraphs(b.content) end
      table.insert(out, b)
    end
    if b.t ~= "Div" then
      since_chapter = since_chapter + utf8.len(pandoc.utils.stringify(b))
      after_heading = b.t == "Header"
    end
  end
  return out
end

return {
  { Pandoc = collect },
  { Meta = Meta },
  { Div = div },
  { Image = image, Link = link, Span = span, Figure = figure },
  { Pandoc = function(doc) if is_typst then doc.blocks = keep_paragraphs(doc.blocks) return doc end end },
}
