#!/usr/bin/env bash
# Rebuilds the bundled corpus from the raw seed articles in ../shared/seeds with `briefing add`,
# completing by hand what the raw text leaves out, as an analyst would. Run from the repository root.
set -euo pipefail
seeds=${1:-../shared/seeds}
corpus=${2:-corpus}
add() { briefing add --corpus "$corpus" "$@"; }

add "$seeds/000_17dbfbda87938e3d.txt" --id turkey-coup-russia-central-asia \
  --title "After Turkey's failed coup, Russia braces for instability in Central Asia and the Caucasus" \
  --source "Asia Times" --author "Sergei Blagov" --published 2016-07 \
  --tags russia,csto,turkey,kazakhstan,armenia,tajikistan \
  --set "title_note=The raw text has no headline; the title is written from its lede." \
  --set "date_note=Not stated. The latest event it reports is July 23, 2016, and it calls Shoigu's July warning 'earlier this month', so it was written in late July 2016."

add "$seeds/001_f8be7011e9c5b5d2.txt" --id csto-kazakhstan-russia-turkey-rivalry \
  --title "Kazakhstan's unrest and the CSTO: Russia checks Turkey's reach in Central Asia" \
  --source "World Geostrategic Insights" --author "Anton Evstratov" --published 2022-01 \
  --tags russia,csto,turkey,kazakhstan,armenia \
  --set "title_note=The raw text has no headline; the title is written from its argument." \
  --set "date_note=Not stated. It describes the unrest of early January 2022 as over and the CSTO troops as withdrawn (completed January 19, 2022), so it was written in late January 2022."

add "$seeds/002_94b04064989387af.txt" --id kazakh-protest-or-failed-coup \
  --source "Eurasia Notes" --tags kazakhstan,russia,nato,coup

add "$seeds/003_bbc49ac9c8e5d2ae.txt" --id kazakhstan-crisis-russia-post-soviet-sway \
  --source "The Christian Science Monitor" --published 2022-01 \
  --tags kazakhstan,csto,russia \
  --set "date_note=Not stated. A photo caption is dated Jan. 10, 2022 and a source 'told the Monitor Monday' (January 10), so it was written on or just after January 10, 2022."

add "$seeds/004_f24afbe78bbc54e3.txt" --id central-asia-military-agreements-kremlin \
  --source "Caravanserai" --published 2018-01 \
  --tags russia,kyrgyzstan,tajikistan,kazakhstan \
  --set "date_note=Not stated. It reports a US Senate report 'released January 10' and a call 'on January 22', and counts Putin's 18 years in power (since 2000), so it was written in late January 2018."
