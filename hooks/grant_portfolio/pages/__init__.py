"""The pages: the renderer and its Jinja templates, application pages as HTML, charts, and where every page stands (paths)."""
