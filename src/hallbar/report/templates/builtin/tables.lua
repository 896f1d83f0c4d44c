-- hallbar's table filter for the built-in renderer, run before hallbar.lua (pandoc.py passes both):
--  * typst: a table estimated at up to KEEP_PT high is kept on one page with its caption
--  * typst and docx: each column's width from its text (table_widths: DejaVu Sans metrics, the longest
--    word or number a column must hold, then the rest where it saves the most lines), cells left-aligned
--  * HTML: header cells get scope="col"; the table sits in a focusable, named scroll region; each body
--    cell gets data-label (its column's header): report.css shows a wide table with text as one block
--    per row on a phone (.table-stack), the header as each value's label, with explicit table roles
-- It runs first so that it measures the cells as written (status badges are still spans, not typst code).

local is_html = FORMAT:match("html") ~= nil
local is_typst = FORMAT:match("typst") ~= nil
local is_docx = FORMAT:match("docx") ~= nil

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

-- typst: column widths from the cells' text, as a browser sizes an auto-layout table, instead of the
-- widths pandoc takes from the Markdown source's dashes. No column is narrower than its longest
-- unbreakable piece (a header word: header cells are never hyphenated; a status badge; a checksum,
-- a timestamp), and the width left over goes where it saves the most lines. Widths are estimated
-- from DejaVu Sans's advance widths, in em of the table text (report.typ: 8.5 pt, inset 3.5 pt).
local TEXT_WIDTH_PT, TABLE_PT, INSET_PT = 481.9, 8.5, 3.5
if is_docx then  -- docx.py's reference document: A4 with 2,5 cm margins, 10 pt text, Word's cell margins
  TEXT_WIDTH_PT, TABLE_PT, INSET_PT = 453.5, 10, 5.4
end
local EM = {  -- DejaVu Sans advance widths / 2048
  a = .613, b = .635, c = .550, d = .635, e = .615, f = .352, g = .635, h = .634, i = .278, j = .278,
  k = .579, l = .278, m = .974, n = .634, o = .612, p = .635, q = .635, r = .411, s = .521, t = .392,
  u = .634, v = .592, w = .818, x = .592, y = .592, z = .525,
  A = .684, B = .686, C = .698, D = .770, E = .632, F = .575, G = .775, H = .752, I = .295, J = .295,
  K = .656, L = .557, M = .863, N = .748, O = .787, P = .603, Q = .787, R = .695, S = .635, T = .611,
  U = .732, V = .684, W = .989, X = .685, Y = .611, Z = .685,
  [" "] = .318, ["."] = .318, [","] = .318, [":"] = .337, [";"] = .337, ["-"] = .361, ["("] = .390,
  [")"] = .390, ["/"] = .337, ["%"] = .950, ["–"] = .500, ["—"] = 1.0, ["å"] = .613, ["ä"] = .613,
  ["ö"] = .612, ["Å"] = .684, ["Ä"] = .684, ["Ö"] = .787, ["é"] = .615, ["+"] = .838, ["="] = .838,
  ["_"] = .500, ["'"] = .275, ['"'] = .460, ["?"] = .531, ["!"] = .400, ["&"] = .780,
}
local MONO_EM = 0.602 * 8 / TABLE_PT * 1.03  -- DejaVu Sans Mono at report.typ's 8 pt raw text, and 3 % to spare

for _, cp in utf8.codes("↑↓→←↗↘✔▲◆▼✖⊘") do EM[utf8.char(cp)] = .838 end

local function text_em(s, bold)
  local w = 0
  for _, cp in utf8.codes(s) do
    local ch = utf8.char(cp)
    w = w + (EM[ch] or (ch:match("%d") and .636) or .62)
  end
  return w * (bold and 1.1 or 1) * 1.04  -- 4 %: the estimate is no font's exact metrics
end

-- the status and change symbols (sv.words STATUS, CHANGES, VALUE_CHANGES): a symbol and the word after it are
-- never parted (↑ Bättre status, ↗ Bättre)
local SYMBOLS = {}
for _, cp in utf8.codes("↑↓→←↗↘✔▲◆▼✖⊘?") do SYMBOLS[utf8.char(cp)] = true end
local NBSP = "\u{a0}"

local function glue_symbols(list)
  for k = 1, #list - 1 do
    if list[k].t == "Str" and SYMBOLS[list[k].text] and list[k + 1].t == "Space" then list[k + 1] = pandoc.Str(NBSP) end
  end
  return list
end

-- where a line may break inside a word: after a slash or a hyphen followed by a letter (not a digit)
local function split_word(word)
  local pieces, start = {}, 1
  for i = 1, #word - 1 do
    local ch, nxt = word:sub(i, i), word:sub(i + 1, i + 1)
    if (ch == "/" or ch == "-") and not nxt:match("[%d%s%-/]") then
      table.insert(pieces, word:sub(start, i))
      start = i + 1
    end
  end
  table.insert(pieces, word:sub(start))
  return pieces
end

-- a cell as pieces {em = width, hard = may not break inside, least = the width report.typ can still
-- break it down to if it must: a checksum in groups of 8, a timestamp after its date}, and its width on one line
local function cell_pieces(blocks, header)
  local pieces, total = {}, 0
  local function add(em, hard, least)
    table.insert(pieces, { em = em, hard = hard, least = least or em })
    total = total + em
  end
  local function code(text)
    for word in text:gmatch("%S+") do
      if word:match("^%x+$") then
        add(#word * MONO_EM, true, math.min(#word, 8) * MONO_EM)
      else
        for _, piece in ipairs(split_word(word)) do add(#piece * MONO_EM, true) end
      end
      total = total + MONO_EM
    end
  end
  local function str(text)
    -- digits joined by - : + . , (dates, timestamps, versions) do not break; header words are not hyphenated
    local number = text:match("^%p?%d[%d%-:%+T%.,]*%d%p?$") ~= nil
    local date, time = text:match("^(%d%d%d%d%-%d%d%-)(%d%dT.*)$")
    if date then
      add(text_em(text, header), true, math.max(text_em(date, header), text_em(time, header)))
      return
    end
    -- paths, parameters, addresses and identifiers are not hyphenated either (report.typ)
    local whole = number or header or text:match("[/_=@]") ~= nil or text:match("^[a-z0-9]+%-[a-z0-9%-]+$") ~= nil
    for _, piece in ipairs(number and { text } or split_word(text)) do
      add(text_em(piece, header), whole)
    end
  end
  local function inlines(list)
    local lead = 0  -- a lone symbol (→ Oförändrad): kept with the word after it (glue_symbols)
    for k, el in ipairs(list) do
      if el.t == "Str" and SYMBOLS[el.text] and list[k + 1] and (list[k + 1].t == "Space" or list[k + 1].text == NBSP) then
        lead = text_em(el.text .. " ", header)
      elseif el.t == "Str" and lead > 0 and el.text ~= NBSP then
        local pieces_before = #pieces
        str(el.text)
        if #pieces > pieces_before then
          pieces[pieces_before + 1].em = pieces[pieces_before + 1].em + lead
          total = total + lead
        end
        lead = 0
      elseif el.t == "Span" and el.classes:includes("status") then
        -- a status badge breaks only between words, and never between its symbol and the first word
        local lead, n = 6 / TABLE_PT, 0  -- the box's inset, then the symbol
        for word in pandoc.utils.stringify(el.content):gmatch("%S+") do
          n = n + 1
          if n == 1 and utf8.len(word) == 1 then
            lead = lead + text_em(word .. " ", true)
          else
            add(text_em(word, true) + lead, true)
            lead = 0
            total = total + EM[" "]
          end
        end
      elseif el.t == "Str" then str(el.text)
      elseif el.t == "Code" then code(el.text)
      elseif el.t == "Space" or el.t == "SoftBreak" then total = total + EM[" "]
      elseif el.content then inlines(el.content)
      end
    end
  end
  for _, blk in ipairs(blocks) do
    if blk.t == "Plain" or blk.t == "Para" then inlines(blk.content)
    else
      for word in pandoc.utils.stringify(blk):gmatch("%S+") do str(word) end
    end
  end
  return pieces, total
end

local function table_widths(t)
  local ncol = #t.colspecs
  if ncol < 2 then return nil end
  local rows = {}
  local function collect_rows(list, header)
    for _, row in ipairs(list) do
      local r = {}
      for _, cell in ipairs(row.cells) do
        if cell.col_span ~= 1 or cell.row_span ~= 1 then return false end
        table.insert(r, { cell_pieces(cell.contents, header) })
      end
      if #r ~= ncol then return false end
      table.insert(rows, r)
    end
    return true
  end
  t = t:walk({ Inlines = glue_symbols })
  if not collect_rows(t.head.rows, true) then return nil end
  for _, body in ipairs(t.bodies) do
    if not collect_rows(body.head, true) or not collect_rows(body.body, false) then return nil end
  end
  if #rows == 0 then return nil end
  local pad = 2 * INSET_PT / TABLE_PT
  local avail = TEXT_WIDTH_PT / TABLE_PT - ncol * pad
  local least, hard, soft, natural = {}, {}, {}, {}
  for c = 1, ncol do
    least[c], hard[c], soft[c], natural[c] = 1, 1, 1, 1
    for _, r in ipairs(rows) do
      local pieces, total = r[c][1], r[c][2]
      for _, p in ipairs(pieces) do
        if p.hard then
          hard[c] = math.max(hard[c], p.em)
          least[c] = math.max(least[c], p.least)
        end
        soft[c] = math.max(soft[c], p.em)
      end
      natural[c] = math.max(natural[c], total)
    end
    soft[c] = math.max(hard[c], math.min(soft[c], 9))  -- a longer body word may be hyphenated
  end
  local function sum(xs) local s = 0 for _, x in ipairs(xs) do s = s + x end return s end
  local w = {}
  -- the widest minimum the page has room for: body words whole, else only what must not break, else
  -- checksums and timestamps broken where report.typ can break them (else everything shrinks, and overflows)
  local mins = least
  if sum(soft) <= avail then mins = soft elseif sum(hard) <= avail then mins = hard end
  local smin = sum(mins)
  if smin >= avail then
    for c = 1, ncol do w[c] = mins[c] * avail / smin end
  else
    for c = 1, ncol do w[c] = mins[c] end
    -- the rest in small steps, each to the column where it saves the most: the rows' heights (a smooth
    -- maximum of a row's line counts, so that two equally tall cells of a row both get their share),
    -- and a little every line a cell is broken into, so that a short cell stays on one line when it can
    local function height(ws)
      local h = 0
      for _, r in ipairs(rows) do
        local acc, sum_lines = 0, 0
        for c = 1, ncol do
          local lines = math.max(1, r[c][2] * 1.08 / ws[c])
          acc = acc + lines ^ 6
          sum_lines = sum_lines + lines
        end
        h = h + acc ^ (1 / 6) + 0.15 * sum_lines
      end
      return h
    end
    local left = avail - smin
    local step = left / 200
    while left > 1e-9 do
      local best, gain, base = nil, 1e-6, height(w)
      for c = 1, ncol do
        if w[c] < natural[c] * 1.08 then
          w[c] = w[c] + step
          local g = base - height(w)
          w[c] = w[c] - step
          if g > gain then best, gain = c, g end
        end
      end
      if not best then break end
      w[best] = w[best] + step
      left = left - step
    end
    if left > 1e-9 then  -- every cell fits on one line: the rest in proportion to the text
      local total = sum(natural)
      for c = 1, ncol do w[c] = w[c] + left * natural[c] / total end
    end
  end
  local full = avail + ncol * pad
  for c = 1, ncol do
    t.colspecs[c] = { t.colspecs[c][1], (w[c] + pad) / full }
  end
  -- its estimated height, for tbl(): each row as tall as its cell with the most lines, plus the insets
  local height_pt = 0
  for _, r in ipairs(rows) do
    local lines = 1
    for c = 1, ncol do lines = math.max(lines, math.ceil(r[c][2] * 1.08 / math.max(w[c], 1e-6) - 1e-9)) end
    height_pt = height_pt + lines * TABLE_PT * 1.2 + 2 * 3
  end
  t.attributes["hallbar-height"] = string.format("%.0f", height_pt)
  return t
end

-- a table estimated at up to KEEP_PT (with its caption) is never split over two pages (typst): where it
-- does not fit, it moves to the next page with its caption and heading, leaving a gap smaller than itself,
-- so a page stays at least about 60 % full. A taller one breaks, its header row repeated.
local KEEP_PT = 260

local function tbl(t)
  if is_typst or is_docx then
    -- pandoc centres a table's cells unless told; reports read better left-aligned
    for i, spec in ipairs(t.colspecs) do
      if spec[1] == "AlignDefault" then t.colspecs[i] = { pandoc.AlignLeft, spec[2] } end
    end
  end
  local height = tonumber(t.attributes["hallbar-height"] or "")
  t.attributes["hallbar-height"] = nil
  if is_typst and height and height + 20 <= KEEP_PT then
    -- a short table stays whole, with its caption (above it) and the heading before it (report.typ:
    -- headings are sticky)
    return { pandoc.RawBlock("typst", "#block(breakable: false)["), t, pandoc.RawBlock("typst", "]") }
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

return {
  { Table = function(t) if is_typst or is_docx then return table_widths(t) end end },
  { Table = tbl },
}
