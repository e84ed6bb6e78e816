"""Markdown to blocks: markdown-it-py tokens become a small tree the layout knows how to draw."""

from __future__ import annotations

from functools import cache
from typing import Any

from docgen.document import (
    Block,
    Box,
    Component,
    Figure,
    Heading,
    Inline,
    Item,
    ListBlock,
    Para,
    RiskTable,
    Run,
    Table,
)
from docgen.errors import TemplateProblem

#: Boxes whose content is Markdown.
BOXES = ("call-us", "emergency", "note", "key-facts", "help-strip", "key-points")
#: Parts drawn by the layout from structured data; written as an empty ``::: name`` box.
COMPONENTS = (
    "signatures",
    "risks",
    "pain-scale",
    "figure",
    "diary-baseline",
    "diary-timed",
    "diary-daily",
    "diary-weekly",
    "diary-review",
    "page-break",
)


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable("table").use(tasklists_plugin)
    for name in (*BOXES, *COMPONENTS):
        md.use(container_plugin, name=name)
    return md


def _inline(node: Any, bold: bool = False, italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    for child in node.children:
        kind = child.type
        if kind in ("text", "code_inline"):
            if child.content:
                runs.append(Run(child.content, bold, italic))
        elif kind == "strong":
            runs.extend(_inline(child, True, italic))
        elif kind == "em":
            runs.extend(_inline(child, bold, True))
        elif kind == "softbreak":
            runs.append(Run(" ", bold, italic))
        elif kind == "hardbreak":
            runs.append(Run("\n", bold, italic))
        elif kind == "link":
            runs.extend(_inline(child, bold, italic))
        elif kind == "html_inline":
            continue  # the task-list check box, handled by the list item
        else:
            runs.extend(_inline(child, bold, italic))
    return runs


def _merge(runs: list[Run]) -> Inline:
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    if merged:
        merged[0] = Run(merged[0].text.lstrip(), merged[0].bold, merged[0].italic)
        merged[-1] = Run(merged[-1].text.rstrip(), merged[-1].bold, merged[-1].italic)
    return tuple(r for r in merged if r.text)


def inline_of(node: Any) -> Inline:
    """The runs of an ``inline`` node (or of a node holding one)."""
    target = node
    if node.type != "inline":
        target = next((c for c in node.children if c.type == "inline"), None)
        if target is None:
            return ()
    return _merge(_inline(target))


def _check_state(item: Any) -> bool | None:
    if "task-list-item" not in str(item.attrs.get("class", "")):
        return None
    para = item.children[0] if item.children else None
    inline = para.children[0] if para is not None and para.children else None
    first = inline.children[0] if inline is not None and inline.children else None
    return bool(first is not None and "checked" in first.content.replace("checkbox", ""))


def _blocks(nodes: list[Any], source: str) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        kind = node.type
        if kind == "heading":
            out.append(Heading(int(node.tag[1]), inline_of(node)))
        elif kind == "paragraph":
            text = inline_of(node)
            if text:
                out.append(Para(text))
        elif kind in ("bullet_list", "ordered_list"):
            items = [Item(_blocks(li.children, source), _check_state(li)) for li in node.children]
            start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
            out.append(ListBlock(kind == "ordered_list", items, start))
        elif kind == "table":
            header: list[Inline] = []
            rows: list[list[Inline]] = []
            for section in node.children:
                for tr in section.children:
                    cells = [inline_of(cell) for cell in tr.children]
                    if section.type == "thead":
                        header = cells
                    else:
                        rows.append(cells)
            out.append(Table(header, rows))
        elif kind.startswith("container_"):
            name = kind.removeprefix("container_")
            info = node.info.strip()
            title = info[len(name) :].strip() if info.startswith(name) else ""
            if name in COMPONENTS:
                if node.children:
                    raise TemplateProblem(f"{source}: '::: {name}' is drawn by docgen; leave it empty")
                out.append(Component(name, tuple(title.split())))
            else:
                out.append(Box(name, _title(title), _blocks(node.children, source)))
        elif kind in ("blockquote",):
            out.append(Box("note", (), _blocks(node.children, source)))
        elif kind in ("fence", "code_block"):
            out.append(Para((Run(node.content.strip()),)))
        elif kind == "hr":
            continue
        else:
            raise TemplateProblem(f"{source}: unsupported Markdown ({kind})")
    return out


def _title(text: str) -> Inline:
    if not text:
        return ()
    from markdown_it.tree import SyntaxTreeNode

    tokens = _parser().parseInline(text)
    return inline_of(SyntaxTreeNode(tokens).children[0])


def parse(markdown: str, source: str = "template") -> list[Block]:
    """Parse rendered Markdown into blocks. ``source`` names the template in error messages."""
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(_parser().parse(markdown))
    return _blocks(tree.children, source)


def plain_text(blocks: list[Block]) -> str:
    """The words of some blocks, one block a line, risk wording and drawings' captions included (for
    checks and tests)."""
    lines: list[str] = []

    def text(inline: Inline) -> str:
        return "".join(r.text for r in inline)

    def walk(items: list[Block]) -> None:
        for block in items:
            if isinstance(block, Heading | Para):
                lines.append(text(block.text))
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.blocks)
            elif isinstance(block, Table):
                lines.extend(" ".join(text(c) for c in row) for row in [block.header, *block.rows])
            elif isinstance(block, Box):
                if block.title:
                    lines.append(text(block.title))
                walk(block.blocks)
            elif isinstance(block, RiskTable):  # the wording of each risk, as the patient reads it
                lines.extend([block.intro] if block.intro else [])
                lines.extend(row.wording for group in block.groups for row in group.rows)
                lines.extend(block.notes)
            elif isinstance(block, Figure):  # a drawing's title and caption (labels are not prose)
                lines.extend([block.title, block.caption])

    walk(blocks)
    return "\n".join(lines)
