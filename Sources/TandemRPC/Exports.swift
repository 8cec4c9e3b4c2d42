// Every call knows its trace; modules that serve or make calls speak it.
@_exported public import TandemTrace
