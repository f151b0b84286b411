"""Stage 4, render: facts to localized Markdown and the site's root pages."""
