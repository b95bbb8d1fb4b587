"""The tantivy engine behind the `Engine` seam (`pip install 'briefing[tantivy]'`); the only code that imports
tantivy. It indexes the terms of the Whoosh backend's analysers, so both engines match the same documents."""
