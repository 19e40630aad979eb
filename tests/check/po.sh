# po.sh — every string the program passes through tr() or N_() is in both catalogs and
# translated, and nothing else is left in them: a string added to the code without a
# translation fails here, not on the screen.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xgettext --from-code=UTF-8 --keyword=tr --keyword=N_ --language=C --no-location --sort-output \
    -o "$work/oogst.pot" src/*/*.c
for l in nl en; do
    msgcmp assets/po/$l.po "$work/oogst.pot"      # every msgid of the code is in the catalog
    msgcmp --use-untranslated "$work/oogst.pot" assets/po/$l.po # and the catalog holds no other
    stats=$(msgfmt --check --statistics -o /dev/null assets/po/$l.po 2>&1)
    case $stats in
    *untranslated* | *fuzzy*) echo "assets/po/$l.po: $stats"; exit 1 ;;
    esac
    echo "assets/po/$l.po: $stats"
done
