/* render.h — draws a frame with SDL: into a texture the size the room sees, then onto
 * the panel turned by 0, 90, 180 or 270 degrees. Text lines are cached as textures
 * (keyed by text, size, weight and colour), so a frame that repeats allocates nothing. */
#ifndef OOGST_RENDER_H
#define OOGST_RENDER_H

#include <SDL.h>

#include "view/fonts.h"
#include "view/frame.h"

typedef struct render render;

/* For a window whose output is out_w x out_h, turned by rotate (0, 90, 180, 270). */
render *render_new(SDL_Renderer *r, fonts *ft, int rotate, char *err, size_t errlen);
void render_free(render *r);
/* The logical size frames must have: the output size, swapped for 90 and 270. */
void render_logical_size(const render *r, int *w, int *h);
/* Draws f; presents unless present is false (for reading pixels first). */
void render_frame(render *r, const frame *f, bool present);
/* Maps a point on the panel (window pixels) to the frame's coordinates. */
void render_to_logical(const render *r, int x, int y, int *lx, int *ly);
/* Reads the drawn frame, as the room sees it, into a new RGB24 surface (caller frees). */
SDL_Surface *render_read(render *r);
/* Text textures made since render_new (for the cache test and the benchmark). */
unsigned long render_textures_made(const render *r);

#endif
