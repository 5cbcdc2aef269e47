#pragma once
// ColorBrewer palettes (Cynthia Brewer, colorbrewer2.org, Apache-style licence),
// colour-blind safe sequential and diverging schemes, 3-9 classes, and the
// conventional colours of hot spot (Gi*) bins and LISA clusters (GeoDa).
#include <QColor>
#include <QString>
#include <QStringList>
#include <vector>

namespace wardscope::viewer {

/// Palette names offered: sequential first, then diverging.
QStringList paletteNames();
bool paletteIsDiverging(const QString& name);
/// k colours (3 <= k <= 9; fewer or more are interpolated) from light to dark
/// (sequential) or from one end to the other (diverging).
std::vector<QColor> paletteColours(const QString& name, int k);

/// Gi* bin -3..+3: 99/95/90 % cold, not significant, 90/95/99 % hot.
QColor giBinColour(int bin);
/// GeoDa's LISA cluster colours: HH, LL, LH, HL, ns, isolate.
QColor lisaColour(const QString& cluster);

QColor noDataColour();
QColor suppressedColour();

}  // namespace wardscope::viewer
