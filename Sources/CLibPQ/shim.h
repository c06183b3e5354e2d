// Debian's libpq (libpq-dev): the PostgreSQL store's client. A system library costs no build time.
#include <postgresql/libpq-fe.h>
