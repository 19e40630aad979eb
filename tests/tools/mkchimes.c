/* mkchimes.c — writes the chimes of src/sound as WAV files: how assets/sounds/switch.wav
 * and end.wav were made (`build/tools/mkchimes assets/sounds`). */
#include <stdio.h>

#include "sound/sound.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mkchimes DIR\n");
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/switch.wav", argv[1]);
    if (sound_write_wav(CHIME_SWITCH, path) < 0) {
        perror(path);
        return 1;
    }
    snprintf(path, sizeof(path), "%s/end.wav", argv[1]);
    if (sound_write_wav(CHIME_END, path) < 0) {
        perror(path);
        return 1;
    }
    return 0;
}
