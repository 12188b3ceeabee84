#pragma once
// Light and dark palettes on the Fusion style, which draws every control from the palette
// (the platform styles ignore half of it). GUI thread only.

#include <QString>

namespace faultline::ui {

enum class Theme { Light, Dark };

void applyTheme(Theme theme);
QString themeName(Theme theme);              // "light", "dark"
Theme parseTheme(const QString& name);       // anything else is Light

} // namespace faultline::ui
