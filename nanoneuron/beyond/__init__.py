"""Beyond the article: the concepts it names but skips, each as a small module."""
