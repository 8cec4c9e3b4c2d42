#ifndef TANDEM_CPOSTGRES_SHIM_H
#define TANDEM_CPOSTGRES_SHIM_H
#include <libpq-fe.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/// Holds back (`on` 1) or lets go (`on` 0) what is written to the connection's socket, so that
/// several writes leave as one segment: libpq writes at every sync point, and a round trip of
/// several transactions has one per transaction. Returns 0, or -1 where the socket is not TCP
/// (a Unix-domain socket), which then sends each write as before.
static inline int tandem_pq_cork(PGconn *connection, int on) {
    int socket = PQsocket(connection);
    if (socket < 0) return -1;
    return setsockopt(socket, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
}
#endif
