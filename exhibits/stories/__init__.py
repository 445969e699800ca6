"""Online exhibitions (stories), framework-free: sections' Markdown rendered to sanitised HTML
(:mod:`.text`) and the geometry of the find-site map and the period timeline (:mod:`.figures`).
Storage, versions and the public pages live in :mod:`museum.catalogue.exhibitions` and the shell."""
