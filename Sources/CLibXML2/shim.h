#include <libxml/xmlversion.h>
/* Debian's headers pull in the system ICU, which clashes with Foundation's bundled ICU. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
/* xmlFree is a global function pointer; Swift 6 rejects it as not concurrency-safe. */
static inline void clibxml2_free(void *p) { xmlFree(p); }
