/* export_texts.c — the two read-me files of an export (see export_texts.h). */
#include "export/export_texts.h"

#include <time.h>

static const char nl_text[] =
    "Oogst: resultaten\r\n"
    "=================\r\n"
    "\r\n"
    "Deze map komt van een Oogst-kastje. Er staan geen namen in: het kastje weet niet wie\r\n"
    "er drukte. Vrije tekst is wel letterlijk bewaard; lees die met zorg.\r\n"
    "\r\n"
    "Bestanden\r\n"
    "---------\r\n"
    "resultaten.xlsx   Excel-werkmap. Tabbladen: Sessies, Antwoorden (elk getelde antwoord),\r\n"
    "                  Stemmen (aantal en aandeel per optie), Samenvatting (n, gemiddelde,\r\n"
    "                  grafieken, en het verloop van dezelfde vraag over de bijeenkomsten).\r\n"
    "antwoorden.csv    Elk geteld antwoord, voor Nederlandse Excel (puntkomma, UTF-8).\r\n"
    "samenvatting.csv  Per sessie en vraag: n, gemiddelde (met komma) en aantal per optie.\r\n"
    "responses.csv     Elke invoer, ook wat niet telde, in standaard-CSV (komma) voor analyse.\r\n"
    "rapport.html      Een leesbaar verslag met grafieken; opent in elke browser.\r\n"
    "oogst.db          Een kopie van het logboek (SQLite) op het moment van exporteren.\r\n"
    "README.txt        Dit bestand in het Engels.\r\n"
    "\r\n"
    "Kolommen van antwoorden.csv\r\n"
    "---------------------------\r\n"
    "apparaat      willekeurige code van het kastje (geen serienummer)\r\n"
    "sessie        nummer van de sessie op dit kastje\r\n"
    "sessie_start  begin van de sessie (dd-mm-jjjj uu:mm:ss)\r\n"
    "script, versie  welke sessie-opzet liep\r\n"
    "stap          stapnummer, vanaf 1; staptype: vote, rating, open, monitoring, ...\r\n"
    "vraag_id      vaste code van de vraag, gelijk in elke sessie en taal (bijvoorbeeld\r\n"
    "              mon-waarde, mon-meer-van, mon-morgen: de drie vragen van elke bijeenkomst)\r\n"
    "vraag         de tekst zoals die op het scherm stond\r\n"
    "soort         keuze, beoordeling of tekst\r\n"
    "optie, optietekst  de gekozen optie (vanaf 1) en de tekst erbij\r\n"
    "waarde        het cijfer van een beoordeling\r\n"
    "tekst         een getypt antwoord (begint het met = + - of @, dan staat er ' voor,\r\n"
    "              zodat Excel het niet als formule leest)\r\n"
    "tijd          wanneer het antwoord kwam\r\n"
    "\r\n"
    "responses.csv heeft de kolommen device_id, session_id, session_started, script_id,\r\n"
    "script_version, step_index, step_type, question_id, question_text, answer_kind,\r\n"
    "option_index, option_text, value, text, input, counted, at (zie README.txt).\r\n"
    "\r\n"
    "Waarom telde iets niet? Een kastje ziet niet wie er drukt. Per stap geldt een regel:\r\n"
    "een tweede druk op dezelfde knop binnen korte tijd, een druk tussen twee mensen in,\r\n"
    "of een druk nadat het stemmen sloot, telt niet. De reden staat in oogst.db.\r\n";

static const char en_text[] =
    "Oogst: results\r\n"
    "==============\r\n"
    "\r\n"
    "This folder comes from an Oogst box. It holds no names: the box cannot tell who\r\n"
    "pressed. Free text is kept as typed; read it with care.\r\n"
    "\r\n"
    "Files\r\n"
    "-----\r\n"
    "resultaten.xlsx   Excel workbook. Sheets: Sessies (sessions), Antwoorden (every counted\r\n"
    "                  answer), Stemmen (count and share per option), Samenvatting (n, mean,\r\n"
    "                  charts, and the trend of the same question across meetings).\r\n"
    "antwoorden.csv    Every counted answer, for Dutch Excel (semicolon, UTF-8 with BOM,\r\n"
    "                  dates dd-mm-yyyy hh:mm:ss, text that starts with = + - @ gets a ').\r\n"
    "samenvatting.csv  Per session and question: n, mean (decimal comma), count per option.\r\n"
    "responses.csv     Every input, counted or not, RFC 4180 (comma, UTF-8, CRLF), for analysts.\r\n"
    "rapport.html      A readable report with charts; opens in any browser.\r\n"
    "oogst.db          A copy of the log (SQLite) as it was when exported.\r\n"
    "LEESMIJ.txt       This file in Dutch.\r\n"
    "\r\n"
    "Columns of responses.csv\r\n"
    "------------------------\r\n"
    "device_id        the box's random id (not a hardware serial)\r\n"
    "session_id       the session's number on this box\r\n"
    "session_started  when the session began, ISO 8601 local time with offset\r\n"
    "script_id, script_version  which session script ran\r\n"
    "step_index       the step, from 1; step_type: welcome, vote, rating, open, monitoring, ...\r\n"
    "question_id      the stable id of the question, the same in every session and language\r\n"
    "                 (mon-waarde, mon-meer-van, mon-morgen: the three questions of every meeting)\r\n"
    "question_text    the text as shown\r\n"
    "answer_kind      choice, rating or text\r\n"
    "option_index, option_text  the option pressed or tapped (from 1) and its text or label\r\n"
    "value            a rating's value\r\n"
    "text             a typed answer\r\n"
    "input            button, touch, key or text\r\n"
    "counted          1 if it counted, 0 if a rule did not count it (the reason is in oogst.db,\r\n"
    "                 table inputs, column reason)\r\n"
    "at               when, ISO 8601 local time with offset and milliseconds\r\n";

/* The header line every read-me starts with: when, which box, how many sessions. */
static void stamp(const export_data *d, const char *made, const char *rounded, FILE *fp)
{
    time_t t = (time_t)(d->made_ms / 1000);
    struct tm tm;
    char when[32] = "";
    if (localtime_r(&t, &tm))
        strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
    fprintf(fp, made, when, d->device_id, d->n_sessions);
    if (d->round_minutes)
        fprintf(fp, rounded, d->round_minutes);
    fputs("\r\n", fp);
}

int export_readme_nl(const export_data *d, FILE *fp)
{
    stamp(d, "Gemaakt op %s op kastje %s, %zu sessies.\r\n", "Alle tijden zijn afgerond op %d minuten.\r\n", fp);
    fputs(nl_text, fp);
    return ferror(fp) ? -1 : 0;
}

int export_readme_en(const export_data *d, FILE *fp)
{
    stamp(d, "Made on %s by box %s, %zu sessions.\r\n", "All times are rounded down to %d minutes.\r\n", fp);
    fputs(en_text, fp);
    return ferror(fp) ? -1 : 0;
}
