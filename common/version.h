/* vigil's version, printed by vigild -v and vigilctl -v. */
#ifndef VIGIL_VERSION_H
#define VIGIL_VERSION_H

#define VIGIL_VERSION	"0.1.0"

#endif
