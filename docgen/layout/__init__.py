"""The drawing: fonts, styles, page furniture, blocks and one module per drawn part (ReportLab)."""
