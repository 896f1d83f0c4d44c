-- hallbar's pandoc filter for chapter notebooks (.ipynb) in the built-in renderer.
-- The report stage has resolved every cell option and tag already (report/chapters.py): each code
-- cell keeps its source but shows none of it (echo: false), and each of its outputs is one Markdown
-- output. This filter reads them the way Quarto does: code never shows, Markdown outputs are Markdown,
-- markdown cells are their content. Run with --ipynb-output=all, before hallbar.lua.

local READER = "markdown-raw_html-raw_attribute-raw_tex-smart"  -- characters as written (hallbar writes ”…” and – itself)

local function markdown_outputs(cell)
  local blocks = {}
  for _, b in ipairs(cell.content) do
    if b.t == "Div" and b.classes:includes("output") then
      for _, ob in ipairs(b.content) do
        if ob.t == "RawBlock" and ob.format == "markdown" then
          for _, x in ipairs(pandoc.read(ob.text, READER).blocks) do table.insert(blocks, x) end
        end
      end
    end
  end
  return blocks
end

function Div(el)
  if el.classes:includes("cell") then
    if el.classes:includes("code") then
      return markdown_outputs(el)
    end
    return el.content
  end
end
