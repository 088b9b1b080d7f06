@echo off
rem `switchboard`, the command line of the installed app (Windows): Switchboard.exe run as plain
rem Node (ELECTRON_RUN_AS_NODE) on the CLI bundle inside app.asar. It lives in resources\bin\;
rem add that folder to PATH to type `switchboard` anywhere.
setlocal
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\..\Switchboard.exe" "%~dp0..\app.asar\out\cli\index.js" %*
