document.getElementById('root')!.textContent = 'Weft';
