-- hallbar's pandoc filter for the built-in renderer: makes plain pandoc render
-- the Quarto book's chapters the way Quarto does, for html5 and typst.
--  * images: `fig-alt` becomes the alt text (HTML) / typst image alt
--  * links between chapters: x.qmd#id or x.ipynb#id -> x.html#id (HTML), internal <id> (typst)
--  * `.content-visible` / `.content-hidden` with when-format, as in Quarto
--  * table header cells get scope="col"; tables sit in a focusable scroll region (HTML)
--  * typst: status badges and notices get their colours and boxes
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
  if is_html then
    if alt then img.caption = pandoc.Inlines(alt) end
    return img
  end
  if is_typst then
    -- hallbar-image (report.typ): page width, but never taller than the page
    local args = typst_string(img.src) .. ", alt: " .. typst_string(alt or pandoc.utils.stringify(img.caption))
    return pandoc.RawInline("typst", "#hallbar-image(" .. args .. ")")
  end
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
    if is_typst then
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
        local out = { pandoc.RawInline("typst", '#box(fill: rgb("' .. c[1] .. '"), inset: (x: 3pt), outset: (y: 2pt), radius: 2pt)[#text(fill: rgb("' .. c[2] .. '"), weight: "bold")[') }
        for _, i in ipairs(el.content) do table.insert(out, i) end
        table.insert(out, pandoc.RawInline("typst", "]]"))
        return out
      end
    end
  end
  return el
end

local function tbl(t)
  if is_typst then
    -- pandoc centres a table's cells unless told; reports read better left-aligned
    for i, spec in ipairs(t.colspecs) do
      if spec[1] == "AlignDefault" then t.colspecs[i] = { pandoc.AlignLeft, spec[2] } end
    end
  end
  if is_html then
    for _, row in ipairs(t.head.rows) do
      for _, cell in ipairs(row.cells) do cell.attributes.scope = "col" end
    end
    -- a wide table scrolls by itself instead of widening the page (WCAG 1.4.10); the scroll
    -- region is focusable and named, so it can be scrolled with the keyboard
    local name = pandoc.utils.stringify(t.caption.long or {})
    if name == "" then name = "Tabell" end
    -- attributes as a list of pairs: a Lua table's key order changes from run to run
    return pandoc.Div({ t }, pandoc.Attr("", { "table-wrap" }, { { "role", "region" }, { "tabindex", "0" }, { "aria-label", name } }))
  end
  return t
end

return {
  { Pandoc = collect },
  { Meta = Meta },
  { Div = div },
  { Image = image, Link = link, Span = span, Table = tbl },
}
