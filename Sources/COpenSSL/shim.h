#ifndef TANDEM_COPENSSL_SHIM_H
#define TANDEM_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

/* OpenSSL spells several calls as function-like macros, which Swift cannot import.
   These inline functions give each one a callable name. */
static inline long tandem_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long tandem_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}
static inline long tandem_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline long tandem_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long tandem_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline int tandem_BIO_pending(BIO *bio) {
    return (int)BIO_ctrl_pending(bio);
}
static inline void tandem_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}
static inline int tandem_sk_GENERAL_NAME_num(const STACK_OF(GENERAL_NAME) *names) {
    return sk_GENERAL_NAME_num(names);
}
static inline GENERAL_NAME *tandem_sk_GENERAL_NAME_value(const STACK_OF(GENERAL_NAME) *names, int index) {
    return sk_GENERAL_NAME_value(names, index);
}
/* SHA-256 with the context on the stack. OpenSSL 3's one-shot SHA256() fetches the algorithm
   and allocates a digest context on every call; a credential is hashed on every call. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
static inline void tandem_sha256(const unsigned char *data, size_t count, unsigned char *digest) {
    SHA256_CTX context;
    SHA256_Init(&context);
    SHA256_Update(&context, data, count);
    SHA256_Final(digest, &context);
}
#pragma clang diagnostic pop

/* SSL_OP_* are built with a function-like macro (SSL_OP_BIT), so Swift does not see them. */
static inline uint64_t tandem_SSL_OP_NO_RENEGOTIATION(void) {
    return SSL_OP_NO_RENEGOTIATION;
}
static inline uint64_t tandem_SSL_OP_NO_COMPRESSION(void) {
    return SSL_OP_NO_COMPRESSION;
}
/* XN_FLAG_RFC2253 combines several flags with casts, which Swift does not import. */
static inline unsigned long tandem_XN_FLAG_RFC2253(void) {
    return XN_FLAG_RFC2253;
}
#endif
