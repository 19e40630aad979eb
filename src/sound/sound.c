/* sound.c — bell tones synthesised once at open, queued on demand. */
#include "sound.h"

#include <SDL.h>
#include <math.h>
#include <stdio.h>

enum { RATE = 22050, NOTE_MS = 450, MAX_NOTES = 3 };

struct sound {
    SDL_AudioDeviceID dev;
    int16_t *tone[2];
    Uint32 bytes[2];
};

/* A bell: a sine with a quick attack and an exponential decay, plus a soft octave. */
static int16_t *bell(const double *freq, int notes, Uint32 *bytes)
{
    int per = RATE * NOTE_MS / 1000;
    int16_t *buf = SDL_calloc((size_t)(per * notes), sizeof(*buf));
    if (!buf)
        return NULL;
    for (int n = 0; n < notes; n++)
        for (int i = 0; i < per; i++) {
            double t = (double)i / RATE;
            double env = (1.0 - exp(-t * 200.0)) * exp(-t * 5.0);
            double v = sin(2 * M_PI * freq[n] * t) + 0.3 * sin(4 * M_PI * freq[n] * t);
            buf[n * per + i] = (int16_t)(v * env * 9000.0);
        }
    *bytes = (Uint32)((size_t)(per * notes) * sizeof(*buf));
    return buf;
}

sound *sound_open(void)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        fprintf(stderr, "oogst: no sound: %s\n", SDL_GetError());
        return NULL;
    }
    SDL_AudioSpec want = {.freq = RATE, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024};
    SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
    if (!dev) {
        fprintf(stderr, "oogst: no sound: %s\n", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    sound *s = SDL_calloc(1, sizeof(*s));
    if (!s) {
        SDL_CloseAudioDevice(dev);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return NULL;
    }
    s->dev = dev;
    static const double switch_notes[] = {659.25, 880.0};      /* E5 A5: "wissel" */
    static const double end_notes[] = {880.0, 659.25, 523.25}; /* A5 E5 C5: time is up */
    s->tone[CHIME_SWITCH] = bell(switch_notes, 2, &s->bytes[CHIME_SWITCH]);
    s->tone[CHIME_END] = bell(end_notes, 3, &s->bytes[CHIME_END]);
    SDL_PauseAudioDevice(dev, 0);
    return s;
}

void sound_close(sound *s)
{
    if (!s)
        return;
    SDL_CloseAudioDevice(s->dev);
    SDL_free(s->tone[0]);
    SDL_free(s->tone[1]);
    SDL_free(s);
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void sound_play(sound *s, chime c)
{
    if (!s || (unsigned)c > CHIME_END || !s->tone[c])
        return;
    SDL_ClearQueuedAudio(s->dev);
    SDL_QueueAudio(s->dev, s->tone[c], s->bytes[c]);
}
