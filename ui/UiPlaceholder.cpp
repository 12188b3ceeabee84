// Keeps faultline_ui non-empty until its first widget lands.
namespace faultline::ui { int uiLibraryAnchor() { return 0; } }
