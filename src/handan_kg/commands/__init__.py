"""The command handlers the CLI owns: the only code besides `cli.py` that writes to the terminal.

One module per subcommand (`build`, `validate`, `evaluate`, `query`, `load`, `link`, `publish`,
`serve`). Each handler takes the parsed `argparse.Namespace`, calls the library, prints what
the library returned, and returns the exit code; errors are the library's `HandanError`s,
which `cli.main` turns into one line on stderr. The library packages below never print and
never import this package.
"""
