#pragma once
// Private to faultline_ml. Checks the numbers inside a LibTorch archive before LibTorch reads it.
// An archive is a zip of pickles (the module structure) and raw tensor records. LibTorch trusts
// the sizes the zip directory and the pickles declare and allocates what they say before
// reading, so a damaged or crafted archive could ask for tens of gigabytes from a few bytes.
// Every zip entry must lie inside the archive, a stored entry must hold exactly its size and a
// deflated one (LibTorch compresses some code files) at most deflate's 1032-fold expansion, and
// every length inside a stored pickle must fit in what is left of its record, and no memo index
// (which the reader grows its memo table to) may exceed the pickle's size; then every
// allocation LibTorch makes is one the file's own size backs. Every entry's CRC-32 is checked
// too (LibTorch does not), so damage inside an entry never reaches LibTorch's pickle and
// TorchScript parsers. A forged archive with consistent CRCs still reaches them: those parsers
// are LibTorch's, so a bundle or checkpoint from an untrusted source is untrusted code.
// Plain C++ and zlib, no tensors.

#include <QByteArray>
#include <QString>

namespace faultline::ml {

// Empty when the archive's declared sizes are consistent; otherwise the reason, e.g.
// "archive entry 'archive/data.pkl' declares a 68719476736-byte string, 411 bytes remain".
QString archiveSizeProblem(const QByteArray& zip);

} // namespace faultline::ml
