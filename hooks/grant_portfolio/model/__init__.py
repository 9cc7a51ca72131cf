"""The site model: the portfolio and everything the pages and exports read from it (committee views, themes, related applications, the find index, search documents, experience sharing)."""
