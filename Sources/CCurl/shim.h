// Typed, non-variadic wrappers around libcurl's variadic curl_easy_setopt/curl_easy_getinfo,
// which Swift cannot call directly. Every function is one line; the prefix keeps them apart
// from libcurl's own names.
#ifndef PITCHLAB_CCURL_SHIM_H
#define PITCHLAB_CCURL_SHIM_H

#include <curl/curl.h>

static inline CURLcode pitchlab_curl_setopt_long(CURL *_Nonnull h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode pitchlab_curl_setopt_off(CURL *_Nonnull h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode pitchlab_curl_setopt_string(CURL *_Nonnull h, CURLoption o, const char *_Nullable v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode pitchlab_curl_setopt_ptr(CURL *_Nonnull h, CURLoption o, void *_Nullable v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode pitchlab_curl_setopt_slist(CURL *_Nonnull h, CURLoption o, struct curl_slist *_Nullable v) {
    return curl_easy_setopt(h, o, v);
}
/// CURLOPT_READFUNCTION.
static inline CURLcode pitchlab_curl_setopt_read(CURL *_Nonnull h, curl_read_callback _Nullable cb) {
    return curl_easy_setopt(h, CURLOPT_READFUNCTION, cb);
}
/// CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION.
static inline CURLcode pitchlab_curl_setopt_write(CURL *_Nonnull h, CURLoption o, curl_write_callback _Nullable cb) {
    return curl_easy_setopt(h, o, cb);
}
static inline CURLcode pitchlab_curl_getinfo_long(CURL *_Nonnull h, CURLINFO i, long *_Nonnull out) {
    return curl_easy_getinfo(h, i, out);
}
static inline CURLcode pitchlab_curl_getinfo_off(CURL *_Nonnull h, CURLINFO i, curl_off_t *_Nonnull out) {
    return curl_easy_getinfo(h, i, out);
}
static inline CURLcode pitchlab_curl_getinfo_string(CURL *_Nonnull h, CURLINFO i, const char *_Nullable *_Nonnull out) {
    return curl_easy_getinfo(h, i, out);
}
static inline CURLcode pitchlab_curl_getinfo_socket(CURL *_Nonnull h, curl_socket_t *_Nonnull out) {
    return curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, out);
}
/// CURLOPT_MAIL_RCPT_ALLLOWFAILS is spelled with three L's in 7.88 and renamed in 8.2; the number is stable.
static inline long pitchlab_curl_opt_mail_rcpt_allowfails(void) { return 290; }
/// CURLVERSION_NOW names an enum constant and is not imported into Swift.
static inline const curl_version_info_data *_Nonnull pitchlab_curl_version(void) {
    return curl_version_info(CURLVERSION_NOW);
}

#endif
