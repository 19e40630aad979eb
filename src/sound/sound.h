/* sound.h — the chimes: a soft two-note bell at the interview's role switch, a
 * falling three-note one when the time is up. Read from assets/sounds (switch.wav,
 * end.wav; made by sound_write_wav), or made in memory when those are missing; played
 * with SDL audio. A box without a sound device stays silent and says so once. */
#ifndef OOGST_SOUND_H
#define OOGST_SOUND_H

#include "core/engine.h"

typedef struct sound sound;

/* Opens the default audio device and loads the chimes from dir (may be NULL); NULL
 * (and a line on stderr) when there is no audio device. */
sound *sound_open(const char *dir);
/* Writes chime c as a 16-bit mono WAV file (how assets/sounds was made). 0 or -1. */
int sound_write_wav(chime c, const char *path);
void sound_close(sound *s);
/* Queues the chime and returns at once; NULL-safe. */
void sound_play(sound *s, chime c);

#endif
