// tandemctl: the command line for Tandem's administrators and users.
Tandemctl.main()
