/* sound.h — the chimes: a soft two-note bell at the interview's role switch, a
 * falling three-note one when the time is up. Made in memory, played with SDL audio;
 * a box without a sound device stays silent and says so once. Main thread only. */
#ifndef OOGST_SOUND_H
#define OOGST_SOUND_H

#include "core/engine.h"

typedef struct sound sound;

/* Opens the default audio device; NULL (and a line on stderr) when there is none. */
sound *sound_open(void);
void sound_close(sound *s);
/* Queues the chime and returns at once; NULL-safe. */
void sound_play(sound *s, chime c);

#endif
