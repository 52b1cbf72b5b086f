/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ft-torch-pickle.h"

#include <algorithm>

namespace
{

/* Longer messages are cut: a name in a hostile file can be 64 KB long. */
constexpr size_t max_message = 400;

/* The length of the UTF-8 sequence at @s[@i], or 0 when it is not valid UTF-8. */
size_t
utf8_length (const std::string &s, size_t i)
{
  auto at = [&] (size_t k) { return i + k < s.size () ? uint8_t (s[i + k]) : 0; };
  uint8_t c = at (0);
  size_t n;
  uint8_t lo = 0x80, hi = 0xbf; /* bounds of the second byte */
  if (c < 0x80)
    return 1;
  else if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    {
      n = 3;
      lo = c == 0xe0 ? 0xa0 : 0x80;
      hi = c == 0xed ? 0x9f : 0xbf;
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      n = 4;
      lo = c == 0xf0 ? 0x90 : 0x80;
      hi = c == 0xf4 ? 0x8f : 0xbf;
    }
  else
    return 0;
  if (at (1) < lo || at (1) > hi)
    return 0;
  for (size_t k = 2; k < n; k++)
    if (at (k) < 0x80 || at (k) > 0xbf)
      return 0;
  return n;
}

/* @what with control characters and bytes that are not UTF-8 as '?', cut at max_message. */
std::string
one_line (const std::string &what)
{
  std::string out;
  for (size_t i = 0; i < what.size ();)
    {
      size_t n = utf8_length (what, i);
      if (out.size () + std::max<size_t> (n, 1) > max_message)
        return out + "...";
      uint8_t c = uint8_t (what[i]);
      if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7f)))
        {
          out += '?';
          i++;
          continue;
        }
      out.append (what, i, n);
      i += n;
    }
  return out;
}

} // namespace

FtLoadError::FtLoadError (const std::string &what) : std::runtime_error (one_line (what))
{
}
