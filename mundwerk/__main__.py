from mundwerk.cli import main

main()
