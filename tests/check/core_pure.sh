# core_pure.sh — src/core stays pure: no adapter header, no I/O, no clock.
set -u
bad=0
if grep -nE '#[[:space:]]*include[[:space:]]*[<"](SDL|gpiod|sqlite3|libfyaml|xlsxwriter|systemd|pthread|unistd|fcntl|time\.h|sys/)' src/core/*.[ch]; then
    echo "src/core includes an adapter or system header (above)"
    bad=1
fi
# Calls that read a clock or do I/O. snprintf into a buffer is allowed.
if grep -nE '\b(fopen|fread|fwrite|fprintf|printf|puts|fputs|getchar|open|read|write|close|clock_gettime|gettimeofday|time|rand|srand|getenv|system|popen|sleep|usleep)[[:space:]]*\(' src/core/*.c |
    grep -vE '^\S+:[0-9]+:\s*(/\*|\*)'; then
    echo "src/core calls I/O or the clock (above)"
    bad=1
fi
[ "$bad" -eq 0 ] && echo "src/core is pure: $(ls src/core/*.c | wc -l) files checked"
exit "$bad"
