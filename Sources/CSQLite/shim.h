// Debian's libsqlite3 (libsqlite3-dev): the derived index under .jit/cache/ is a SQLite database.
#include <sqlite3.h>
