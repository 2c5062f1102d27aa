"""The demo community "Radwerk Südstadt", a German bike shop, loaded by `mundwerk demo`.

`content` holds the site, spaces and members, `topics` the conversations,
`pictures` draws the photos at run time, and `loader` writes it all through
the real actions.
"""
