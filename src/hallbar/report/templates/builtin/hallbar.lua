-- hallbar's pandoc filter for the built-in renderer: makes plain pandoc render
-- the Quarto book's chapters the way Quarto does, for html5 and typst.
--  * images: `fig-alt` becomes the alt text (HTML) / typst image alt
--  * links between chapters: x.qmd#id or x.ipynb#id -> x.html#id (HTML), internal <id> (typst)
--  * `.content-visible` / `.content-hidden` with when-format, as in Quarto
--  * table header cells get scope="col"; tables sit in a focusable scroll region (HTML); each body
--    cell gets data-label (its column's header): report.css shows a wide table with text as one block
--    per row on a phone (.table-stack), the header as each value's label, with explicit table roles
--  * figures (HTML): the image sits in a focusable, named scroll region (on a phone it keeps a legible
--    width and scrolls), the caption links to the figure's file at full size
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

-- a phone shows a table as one block per row when it has four columns or more and text in them
-- (a cell longer than STACK_TEXT characters), or six columns or more; short number tables stay tables
local STACK_TEXT = 24
local WIDE_TEXT = 28

local function cells_of(rows)
  local out = {}
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do table.insert(out, cell) end
  end
  return out
end

-- the text of the header cell above each column (the last header row; a cell spanning columns labels each)
local function column_labels(t)
  local labels = {}
  local rows = t.head.rows
  if #rows == 0 then return labels end
  local col = 1
  for _, cell in ipairs(rows[#rows].cells) do
    local text = pandoc.utils.stringify(cell.contents)
    for _ = 1, (cell.col_span or 1) do
      labels[col] = text
      col = col + 1
    end
  end
  return labels
end

-- each body cell: data-label (its column's header); a stacked table's cell of text (over WIDE_TEXT
-- characters) is marked cell-wide: it takes a whole line of its block, short values sit side by side
local function label_cells(t, labels)
  local longest = 0
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.body) do
      local col = 1
      for _, cell in ipairs(row.cells) do
        local label = labels[col]
        if label and label ~= "" then cell.attributes["data-label"] = label end
        local n = utf8.len(pandoc.utils.stringify(cell.contents)) or 0
        longest = math.max(longest, n)
        col = col + (cell.col_span or 1)
      end
    end
  end
  return longest
end

local function mark_wide(t)
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do
        if (utf8.len(pandoc.utils.stringify(cell.contents)) or 0) > WIDE_TEXT then cell.classes:insert("cell-wide") end
      end
    end
  end
end

-- explicit roles: a table shown as blocks (CSS display) keeps its table semantics in every browser
local function table_roles(t)
  t.attributes.role = "table"
  t.head.attributes.role = "rowgroup"
  for _, row in ipairs(t.head.rows) do row.attributes.role = "row" end
  for _, cell in ipairs(cells_of(t.head.rows)) do cell.attributes.role = "columnheader" end
  for _, body in ipairs(t.bodies) do
    body.attributes.role = "rowgroup"
    for _, row in ipairs(body.body) do
      row.attributes.role = "row"
      for _, cell in ipairs(row.cells) do cell.attributes.role = "cell" end
    end
  end
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
    local labels = column_labels(t)
    local longest = label_cells(t, labels)
    local classes = { "table-wrap" }
    if #labels >= 6 or (#labels >= 4 and longest > STACK_TEXT) then
      table.insert(classes, "table-stack")
      table_roles(t)
      mark_wide(t)
    end
    -- a wide table scrolls by itself instead of widening the page (WCAG 1.4.10); the scroll
    -- region is focusable and named, so it can be scrolled with the keyboard
    local name = pandoc.utils.stringify(t.caption.long or {})
    if name == "" then name = "Tabell" end
    -- attributes as a list of pairs: a Lua table's key order changes from run to run
    return pandoc.Div({ t }, pandoc.Attr("", classes, { { "role", "region" }, { "tabindex", "0" }, { "aria-label", name } }))
  end
  return t
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

return {
  { Pandoc = collect },
  { Meta = Meta },
  { Div = div },
  { Image = image, Link = link, Span = span, Table = tbl, Figure = figure },
}
