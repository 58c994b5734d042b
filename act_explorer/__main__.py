from act_explorer.cli import main

raise SystemExit(main())
