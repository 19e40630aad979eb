/* usb.h — whether a USB stick is mounted for Oogst, read from the mount table. On the
 * appliance systemd mounts a plugged stick at one fixed place (systemd/61-oogst-stick.rules,
 * oogst-stick@.service) and unmounts it when asked (usb_request_eject, oogst-eject.path);
 * the program runs unprivileged and only watches /proc/self/mountinfo, which the kernel
 * marks (POLLPRI) whenever the mount table changes: no polling loop. No SDL in here. */
#ifndef OOGST_USB_H
#define OOGST_USB_H

#include <stdbool.h>
#include <stddef.h>

typedef struct usb usb;

typedef struct usb_state {
    bool present;     /* a file system is mounted exactly at the mount point */
    bool read_only;   /* "ro" in the mount's own options or in its super block options */
    char fs_type[16]; /* "vfat", "exfat", "ext4" (cut to fit) */
    char source[128]; /* "/dev/sda1" (cut to fit) */
    char dir[1024];   /* where to export: the mount point, or its Oogst/ folder on ext4 */
} usb_state;

/* Opens mountinfo_path ("/proc/self/mountinfo"; a test gives a file of the same format)
 * to watch mount_point ("/media/oogst": absolute, compared exactly after the table's
 * octal escapes are undone; a trailing '/' is ignored). Reads nothing yet. NULL with a
 * message in err on failure. */
usb *usb_open(const char *mountinfo_path, const char *mount_point, char *err, size_t errlen);
/* NULL-safe; closes the fd. */
void usb_close(usb *u);

/* The fd to watch: loop_add_fd(l, usb_fd(u), LOOP_FD_MOUNTS). After loop_wait reports it
 * (LOOP_READY, loop_fd_revents(l, usb_fd(u)) != 0) call usb_check: the kernel signals each
 * change once. */
int usb_fd(const usb *u);

/* Rereads the whole table from the start and fills out (all of it: no stale bytes; when
 * several mounts sit at the mount point the last, the topmost, counts). 1 when the state
 * differs from the previous call's (before the first call it counts as absent), 0 when
 * not, -1 on a read error (errno set; out holds the previous state). */
int usb_check(usb *u, usb_state *out);

/* Asks systemd to unmount the stick (oogst-eject.path watches request_path,
 * "/run/oogst/eject"): creates it with O_CREAT|O_EXCL|O_NOFOLLOW, mode 0640. A request
 * already pending (a regular file there) is fine: 0. Anything else at the path (a
 * symlink, a folder) is never followed: -1 with a message in err, as for other errors.
 * The screen may say the stick can be removed only when usb_check says it is gone. */
int usb_request_eject(const char *request_path, char *err, size_t errlen);

#endif
