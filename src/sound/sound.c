/* sound.c — bell tones from WAV files or synthesised, queued on demand. */
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

static const double switch_notes[] = {659.25, 880.0};      /* E5 A5: "wissel" */
static const double end_notes[] = {880.0, 659.25, 523.25}; /* A5 E5 C5: time is up */

static int16_t *make_chime(chime c, Uint32 *bytes)
{
    return c == CHIME_SWITCH ? bell(switch_notes, 2, bytes) : bell(end_notes, 3, bytes);
}

int sound_write_wav(chime c, const char *path)
{
    Uint32 bytes = 0;
    int16_t *pcm = make_chime(c, &bytes);
    if (!pcm)
        return -1;
    SDL_RWops *rw = SDL_RWFromFile(path, "wb");
    int ok = rw != NULL;
    /* RIFF header, fmt (PCM, mono, 16 bit), data */
    ok = ok && SDL_RWwrite(rw, "RIFF", 4, 1) == 1 && SDL_WriteLE32(rw, 36 + bytes) &&
         SDL_RWwrite(rw, "WAVEfmt ", 8, 1) == 1;
    ok = ok && SDL_WriteLE32(rw, 16) && SDL_WriteLE16(rw, 1) && SDL_WriteLE16(rw, 1) &&
         SDL_WriteLE32(rw, RATE) && SDL_WriteLE32(rw, RATE * 2) && SDL_WriteLE16(rw, 2) &&
         SDL_WriteLE16(rw, 16);
    ok = ok && SDL_RWwrite(rw, "data", 4, 1) == 1 && SDL_WriteLE32(rw, bytes);
    for (Uint32 i = 0; ok && i < bytes / 2; i++)
        ok = SDL_WriteLE16(rw, (Uint16)pcm[i]);
    if (rw && SDL_RWclose(rw) < 0)
        ok = 0;
    SDL_free(pcm);
    return ok ? 0 : -1;
}

/* The chime from dir/name in the device's format, or NULL. */
static int16_t *load_chime(const char *dir, const char *name, Uint32 *bytes)
{
    if (!dir)
        return NULL;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    SDL_AudioSpec spec;
    Uint8 *buf = NULL;
    if (!SDL_LoadWAV(path, &spec, &buf, bytes))
        return NULL;
    if (spec.format != AUDIO_S16SYS || spec.channels != 1 || spec.freq != RATE) {
        SDL_FreeWAV(buf); /* ours are made by sound_write_wav; others are not trusted to fit */
        return NULL;
    }
    int16_t *copy = SDL_malloc(*bytes);
    if (copy)
        SDL_memcpy(copy, buf, *bytes);
    SDL_FreeWAV(buf);
    return copy;
}

sound *sound_open(const char *dir)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        fprintf(stderr, "oogst: no audio device, the chimes are off (%s)\n", SDL_GetError());
        return NULL;
    }
    SDL_AudioSpec want = {.freq = RATE, .format = AUDIO_S16SYS, .channels = 1, .samples = 1024};
    SDL_AudioDeviceID dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
    if (!dev) {
        fprintf(stderr, "oogst: no audio device, the chimes are off (%s)\n", SDL_GetError());
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
    static const char *const names[2] = {[CHIME_SWITCH] = "switch.wav", [CHIME_END] = "end.wav"};
    for (int c = 0; c < 2; c++) {
        s->tone[c] = load_chime(dir, names[c], &s->bytes[c]);
        if (!s->tone[c])
            s->tone[c] = make_chime((chime)c, &s->bytes[c]);
    }
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
