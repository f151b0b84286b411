"""The command line and the tools around it: thin layers over the library stages."""
