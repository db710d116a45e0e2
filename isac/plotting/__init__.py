"""Plot helpers shared by the studies' figure modules (``isac.studies.<study>.figures``) and
the style file ``isac.mplstyle``; saving is the render stage's."""
