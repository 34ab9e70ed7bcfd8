from giamngheo.cli import main

raise SystemExit(main())
