// Every module that speaks the schema also speaks the wire format it is written in.
@_exported public import TandemWire
