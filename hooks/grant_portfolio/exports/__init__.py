"""The files besides the pages: open data (CSV, Excel, JSON), 360Giving, the Atom feed and its dates from git."""
