#ifndef TANDEM_CPOSTGRES_SHIM_H
#define TANDEM_CPOSTGRES_SHIM_H
#include <libpq-fe.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
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

/// glibc's, declared here as glibc declares it only under _GNU_SOURCE.
extern int pthread_setname_np(pthread_t thread, const char *name);

/// Names the calling thread (a pool connection's) as `top -H` and `perf` show it: at most 15
/// bytes, or Linux refuses it (ERANGE). Returns 0 or the error.
static inline int tandem_name_this_thread(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}
#endif
