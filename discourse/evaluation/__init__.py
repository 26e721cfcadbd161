"""Agreement of the measures with annotated files: imports the measures, never imported by them."""
