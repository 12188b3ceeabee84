#pragma once
// Line and bar colours every panel plot uses, so "anomalous" is the same red everywhere.

#include <QColor>

namespace faultline::ui::PlotLineStyle {

inline QColor normal() { return QColor(0x4e, 0x79, 0xa7); }
inline QColor anomalous() { return QColor(0xe1, 0x57, 0x59); }
inline QColor unlabelled() { return QColor(0xba, 0xb0, 0xac); }
inline QColor threshold() { return QColor(0xc0, 0x1c, 0x28); }
inline QColor band() { return QColor(0xf2, 0x8e, 0x2b); }
inline QColor curve() { return QColor(0x2b, 0x4c, 0x7e); }
inline QColor train() { return QColor(0x4e, 0x79, 0xa7); }
inline QColor validation() { return QColor(0xf2, 0x8e, 0x2b); }

} // namespace faultline::ui::PlotLineStyle
