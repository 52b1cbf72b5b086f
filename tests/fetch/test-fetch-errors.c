/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ft-fetch-private.h"

/* Every way a transfer can end gives one of our own sentences, never libcurl's English text,
 * which a translated window would show untranslated. */
static void
test_every_code (void)
{
  CURL *curl = curl_easy_init ();
  char errbuf[CURL_ERROR_SIZE] = "libcurl-detail-text";
  FtTransfer t = {
    .url = "https://example.org/hotdog.zip",
    .file_name = "hotdog.zip",
    .part_path = "/nonexistent/hotdog.zip.part",
    .stall_seconds = 60,
  };

  g_assert_nonnull (curl);
  for (int code = 1; code < CURL_LAST; code++)
    {
      g_autoptr (GError) error = NULL;
      const char *english = curl_easy_strerror ((CURLcode) code);
      FtTransferResult result;

      result = _ft_fetch_classify (&t, curl, (CURLcode) code, errbuf, 0, &error);
      g_assert_cmpint (result, !=, FT_TRANSFER_DONE);
      if (result == FT_TRANSFER_RESTART)
        continue;
      g_assert_nonnull (error);
      if (strstr (error->message, errbuf) != NULL || strstr (error->message, english) != NULL)
        g_error ("CURLcode %d gives libcurl's words: %s", code, error->message);
      g_assert_true (g_str_has_suffix (error->message, "."));
    }
  curl_easy_cleanup (curl);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fetch-errors/every-code", test_every_code);
  return g_test_run ();
}
