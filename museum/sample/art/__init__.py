"""The sample catalogue's pictures, drawn here (no downloads) with Pillow and numpy, each one
byte-reproducible from its seed (the images step skips a picture already attached by its content).

- :mod:`~museum.sample.art.materials`: palettes, noise and grain, a material lit over a shape;
- :mod:`~museum.sample.art.canvas`: backdrop, frame, shadow, relief edges, characters, seals, the scale
  bar and the accession number;
- :mod:`~museum.sample.art.objects`: turned, cast and carved objects, textiles and furniture;
- :mod:`~museum.sample.art.paintings`: ink landscapes, calligraphy, scrolls, album leaves, handscrolls and
  rubbings;
- :mod:`~museum.sample.art.documents`: printed paper documents;
- :mod:`~museum.sample.art.builders` (drawings sized from a record, their views and captions),
  :mod:`~museum.sample.art.ornaments` and :mod:`~museum.sample.art.silhouettes`: the plausible records'
  drawings, one of which the table in :mod:`museum.sample.pictures` picks for each record.

The real sample objects' drawings are listed in :mod:`museum.sample.images`.
"""
