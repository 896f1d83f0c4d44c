"""hallbar: build a Swedish region's yearly hållbarhetsredovisning from its
programme (params), indicator data and the analysts' narrative."""

__version__ = "0.1.0"
