from smartaward.cli import main

if __name__ == "__main__":  # worker processes (parallel.py) import this module without running it
    main()
