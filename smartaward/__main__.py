from smartaward.cli import main

main()
